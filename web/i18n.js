// The page's own words (UI chrome around Web Chat); the bot's words live in knowledge/.
window.PAGE_TEXT = {
  'zh-CN': {
    title: '微信连接小助手',
    tagline: '微信提示“无法连接到服务器”？我帮你一步步排查。',
    intro: '告诉我你遇到的情况，比如“微信连不上服务器”。我会先问几个简单的问题找出原因，再带你从最简单的办法试起；随时可以说“转人工”。',
    safety: '我不会索要你的密码、验证码或付款信息，请不要在这里发送。',
    restart: '新对话',
    connecting: '正在连接……',
    failed: '暂时连不上小助手，请稍后刷新页面再试。',
  },
  'en-US': {
    title: 'WeChat connection helper',
    tagline: 'WeChat says it “cannot connect to the server”? Let’s fix it step by step.',
    intro:
      'Tell me what is happening, for example “WeChat can’t connect to the server”. I’ll ask a few quick questions to find the cause, then walk you through the fixes, simplest first. Say “human” at any time to reach a person.',
    safety: 'I will never ask for your password, verification codes or payment details — please don’t send them here.',
    restart: 'New chat',
    connecting: 'Connecting…',
    failed: 'The helper cannot be reached right now. Please reload the page in a moment.',
  },
};
